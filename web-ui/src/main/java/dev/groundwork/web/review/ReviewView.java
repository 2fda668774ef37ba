package dev.groundwork.web.review;

import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.tabs.Tab;
import com.vaadin.flow.component.tabs.TabSheet;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.groundwork.annotation.agreement.AgreementService;
import dev.groundwork.annotation.flag.FlagService;
import dev.groundwork.annotation.review.ReviewService;
import dev.groundwork.storage.dataset.Dataset;
import dev.groundwork.storage.dataset.DatasetRepository;
import dev.groundwork.storage.judgment.AnnotatorRepository;
import dev.groundwork.web.layout.MainLayout;
import dev.groundwork.web.security.CurrentUser;
import dev.groundwork.web.security.PersonNames;
import dev.groundwork.web.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import java.util.List;
import org.springframework.data.domain.Sort;

/**
 * The reviewer's view. "Disagreements": comparisons whose judges disagree, each with everything
 * about it (reviewers see all judgments, the critic's included) and a final label. "Agreement":
 * the agreement figures and charts of a dataset. "Flags": items annotators flagged, with their comments.
 */
@Route(value = "review", layout = MainLayout.class)
@PageTitle("Review · Groundwork")
@RolesAllowed({Roles.REVIEWER, Roles.ADMIN})
public class ReviewView extends VerticalLayout {

    public ReviewView(ReviewService review, AgreementService agreement, DatasetRepository datasets,
            AnnotatorRepository annotators, FlagService flags) {
        setId("review");
        setWidthFull();
        CurrentUser user = CurrentUser.require();
        PersonNames names = new PersonNames(annotators);
        List<String> datasetNames = datasets.findAll(Sort.by("name")).stream().map(Dataset::getName).toList();

        DisagreementsPanel disagreements = new DisagreementsPanel(review, names, datasetNames, user.username());
        AgreementPanel agreementPanel = new AgreementPanel(agreement, names, datasetNames);
        TabSheet tabs = new TabSheet();
        tabs.setId("review-tabs");
        tabs.setWidthFull();
        Tab disagreementsTab = tabs.add("Disagreements", disagreements);
        disagreementsTab.setId("review-tab-disagreements");
        Tab agreementTab = tabs.add("Agreement", agreementPanel);
        agreementTab.setId("review-tab-agreement");
        FlagsPanel flagsPanel = new FlagsPanel(flags, names, datasetNames);
        Tab flagsTab = tabs.add("Flags", flagsPanel);
        flagsTab.setId("review-tab-flags");
        tabs.addSelectedChangeListener(e -> {
            if (e.getSelectedTab() == agreementTab) {
                agreementPanel.showFirstDataset();
            }
            if (e.getSelectedTab() == flagsTab) {
                flagsPanel.refresh();
            }
        });
        add(new H2("Review"), tabs);
    }
}
