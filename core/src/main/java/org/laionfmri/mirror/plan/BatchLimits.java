package org.laionfmri.mirror.plan;

/**
 * How the plan groups the objects to copy into batches, one copy function invocation each: at most
 * {@code maxItems} objects and {@code maxBytes} of them, so a batch fits well inside the function's
 * time limit; an object larger than {@code maxBytes} is a batch of its own.
 */
public record BatchLimits(int maxItems, long maxBytes) {

    /** 100 objects, 16 GiB: a server-side copy of 16 GiB in one region takes a few minutes of a 15-minute function. */
    public static final BatchLimits DEFAULT = new BatchLimits(100, 16L << 30);

    public BatchLimits {
        if (maxItems < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("a copy batch holds at least one object and one byte, not " + maxItems + " and " + maxBytes);
        }
    }
}
