package dev.groundwork.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * CHAIR's MSCOCO vocabulary (coco-synonyms.txt, from github.com/LisaAnne/Hallucination), worked by hand from the
 * reference's lists: synonyms map to their line's first word, plurals by rule and by the irregular table, two-word
 * phrases are read first and may read as another word or as no object, and "seat" is not a chair next to "toilet".
 */
class CocoVocabularyTest {

    private final ObjectVocabulary coco = ObjectVocabulary.coco();

    private List<String> classes(String text) {
        return coco.mentions(text).stream().map(ObjectVocabulary.Mention::objectClass).toList();
    }

    @Test
    void synonyms_map_to_the_coco_class_that_heads_their_line() {
        assertThat(coco.classOf("puppy")).contains("dog");
        assertThat(coco.classOf("motorbike")).contains("motorcycle");
        assertThat(coco.classOf("sofa")).contains("couch");
        assertThat(coco.classOf("television")).contains("tv");
        assertThat(coco.classOf("fridge")).contains("refrigerator");
        assertThat(coco.classOf("table")).contains("dining table");
        assertThat(coco.classOf("ski")).contains("skis");
        assertThat(coco.classOf("doughnut")).contains("donut");
        // the reference never matches these (its split leaves a leading space; its list keeps the capital): we do
        assertThat(coco.classOf("motor bike")).contains("motorcycle");
        assertThat(coco.classOf("cheesecake")).contains("cake");
        assertThat(coco.classOf("iphone")).contains("cell phone");
        assertThat(coco.classOf("giraffe")).contains("giraffe");
        assertThat(coco.classOf("unicorn")).isEmpty();
    }

    @Test
    void every_class_of_the_eighty_is_there_and_reads_as_itself() {
        List<String> coco80 = List.of("person", "bicycle", "car", "motorcycle", "airplane", "bus", "train", "truck",
                "boat", "traffic light", "fire hydrant", "stop sign", "parking meter", "bench", "bird", "cat", "dog",
                "horse", "sheep", "cow", "elephant", "bear", "zebra", "giraffe", "backpack", "umbrella", "handbag", "tie",
                "suitcase", "frisbee", "skis", "snowboard", "sports ball", "kite", "baseball bat", "baseball glove",
                "skateboard", "surfboard", "tennis racket", "bottle", "wine glass", "cup", "fork", "knife", "spoon", "bowl",
                "banana", "apple", "sandwich", "orange", "broccoli", "carrot", "hot dog", "pizza", "donut", "cake",
                "chair", "couch", "potted plant", "bed", "dining table", "toilet", "tv", "laptop", "mouse", "remote",
                "keyboard", "cell phone", "microwave", "oven", "toaster", "sink", "refrigerator", "book", "clock", "vase",
                "scissors", "teddy bear", "hair drier", "toothbrush");
        assertThat(coco80).hasSize(80).allSatisfy(c -> assertThat(coco.classOf(c)).contains(c));
    }

    @Test
    void plurals_regular_and_irregular() {
        assertThat(coco.classOf("buses")).contains("bus");
        assertThat(coco.classOf("benches")).contains("bench");
        assertThat(coco.classOf("ponies")).contains("horse");
        assertThat(coco.classOf("trolleys")).contains("bus");
        assertThat(coco.classOf("men")).contains("person");
        assertThat(coco.classOf("women")).contains("person");
        assertThat(coco.classOf("policemen")).contains("person");
        assertThat(coco.classOf("grandchildren")).contains("person");
        assertThat(coco.classOf("people")).contains("person");
        assertThat(coco.classOf("mice")).contains("mouse");
        assertThat(coco.classOf("geese")).contains("bird");
        assertThat(coco.classOf("knives")).contains("knife");
        assertThat(coco.classOf("calves")).contains("cow");
        assertThat(coco.classOf("sheep")).contains("sheep");
        assertThat(coco.classOf("hot dogs")).contains("hot dog");
        assertThat(coco.classOf("wine glasses")).contains("wine glass");
        assertThat(ObjectVocabulary.plurals("policeman")).containsExactlyInAnyOrder("policemans", "policemen");
    }

    @Test
    void two_word_phrases_are_read_before_their_words() {
        assertThat(coco.mentions("Two men eat hot dogs beside a teddy bear."))
                .extracting(ObjectVocabulary.Mention::objectClass, ObjectVocabulary.Mention::text,
                        ObjectVocabulary.Mention::start)
                .containsExactly(tuple("person", "men", 4), tuple("hot dog", "hot dogs", 12),
                        tuple("teddy bear", "teddy bear", 30));
        // 'baby'/'adult' X is the animal, not a person; 'passenger' jet is the plane, not a person
        assertThat(classes("A baby bird, an adult dog and baby elephants by a passenger jet."))
                .containsExactly("bird", "dog", "elephant", "airplane");
        // read as no object at all: 'baby animal', 'train track', 'home plate'
        assertThat(classes("A baby animal on the train tracks near home plate.")).isEmpty();
        assertThat(classes("A baby on a train.")).containsExactly("person", "train");
        assertThat(classes("A man in a bow tie.")).containsExactly("person", "tie");
        // three words never match in the reference's pairwise reading: stove and oven count apart
        assertThat(classes("A stove top oven.")).containsExactly("oven", "oven");
    }

    @Test
    void a_seat_is_not_a_chair_in_a_caption_that_names_a_toilet() {
        assertThat(classes("A toilet seat and the seat of a chair.")).containsExactly("toilet", "chair");
        assertThat(classes("The seats of the toilets.")).containsExactly("toilet");
        assertThat(classes("A seat by the urinal.")).containsExactly("chair", "toilet");
        assertThat(coco.mentions("A seat.")).extracting(ObjectVocabulary.Mention::objectClass).containsExactly("chair");
    }

    @Test
    void the_resource_parses_sections_and_refuses_stray_lines() {
        ObjectVocabulary v = ObjectVocabulary.parse(List.of("# c", "[synonyms]", "dog, puppy", "[two-words]",
                "hot dog = hot dog", "baby dog = dog", "[not-with]", "puppy | dog"), "t", 2);
        assertThat(v.mentions("A baby dog, a hot dog and puppies.")).extracting(ObjectVocabulary.Mention::objectClass)
                .containsExactly("dog");
        assertThat(v.classOf("hot dog")).isEqualTo(Optional.empty());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ObjectVocabulary.parse(List.of("dog"), "t", 2))
                .hasMessage("t line 1: outside a known section");
    }
}
