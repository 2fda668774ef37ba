package dev.groundwork.trainer.train;

/**
 * Where a run is in its data: epoch and index into that epoch's order. Each epoch visits the examples in a
 * permutation determined by {@code (seed, epoch)} alone ({@link CounterRng}); batches never straddle epochs (the
 * last {@code size mod batchSize} examples of an epoch's order are skipped, as with drop-last), so a checkpoint's
 * {@code (epoch, index)} is enough to continue with exactly the batches an uninterrupted run would see.
 */
public final class DataCursor {

    private final int size;
    private final int batchSize;
    private final long seed;
    private long epoch;
    private int index;
    private int[] order;

    /** @throws IllegalArgumentException unless 1 ≤ batchSize ≤ size */
    public DataCursor(int size, int batchSize, long seed) {
        if (batchSize < 1 || batchSize > size) {
            throw new IllegalArgumentException("batchSize must be in [1, " + size + "] (the data set size), was " + batchSize);
        }
        this.size = size;
        this.batchSize = batchSize;
        this.seed = seed;
    }

    /** The position (epoch, index) of the next batch. */
    public Position position() {
        return new Position(epoch, index);
    }

    /** Continues from {@code position}. */
    public void seek(Position position) {
        if (position.epoch() < 0 || position.index() < 0 || position.index() > size) {
            throw new IllegalArgumentException("position " + position + " is outside a data set of " + size);
        }
        if (position.epoch() != epoch) {
            order = null;
        }
        epoch = position.epoch();
        index = position.index();
    }

    /** The data set indices of the next batch; advances the cursor. */
    public int[] next() {
        if (index + batchSize > size) {
            epoch++;
            index = 0;
            order = null;
        }
        if (order == null) {
            order = CounterRng.permutation(size, seed, CounterRng.SHUFFLE, epoch);
        }
        int[] batch = new int[batchSize];
        System.arraycopy(order, index, batch, 0, batchSize);
        index += batchSize;
        return batch;
    }

    /** A data position: the epoch and the index of the next example in that epoch's order. */
    public record Position(long epoch, int index) {
    }
}
