package org.laionfmri.mirror.client.output;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import org.laionfmri.mirror.storage.s3.S3ObjectStore;
import picocli.CommandLine.Option;

/**
 * What a planned run costs in AWS, from the plan: its requests as S3 bills them (the copies, a multipart copy
 * counted as the requests it is, and the LISTs of the mirror that planned it; the source's are anonymous,
 * billed to its owner), the transfer when the mirror is in another region than the dataset, and the storage it
 * adds per month, at the list prices of the mirror's region. Sizes are in GiB (2^30 bytes), the GB AWS bills
 * in. The prices are shown with the figures and can be overridden.
 */
public final class CostEstimate {

    static final String SOURCE_REGION = "us-west-2";
    private static final double GIB = 1L << 30;

    /** S3 Standard list prices (first 50 TB, 2025): PUT, COPY, POST or LIST and GET per 1,000 requests, storage per GiB-month. */
    private record Prices(double requestsPer1000, double getsPer1000, double storagePerGibMonth) {}

    private static final String PRICES_ELSEWHERE = "us-east-1";
    private static final Map<String, Prices> REGION_PRICES = Map.ofEntries(
            Map.entry("us-east-1", new Prices(0.005, 0.0004, 0.023)),
            Map.entry("us-east-2", new Prices(0.005, 0.0004, 0.023)),
            Map.entry("us-west-1", new Prices(0.0055, 0.00044, 0.026)),
            Map.entry("us-west-2", new Prices(0.005, 0.0004, 0.023)),
            Map.entry("ca-central-1", new Prices(0.0055, 0.00044, 0.025)),
            Map.entry("eu-west-1", new Prices(0.005, 0.0004, 0.023)),
            Map.entry("eu-west-2", new Prices(0.0053, 0.00042, 0.024)),
            Map.entry("eu-west-3", new Prices(0.0053, 0.00042, 0.024)),
            Map.entry("eu-central-1", new Prices(0.0054, 0.00043, 0.0245)),
            Map.entry("eu-north-1", new Prices(0.005, 0.0004, 0.023)),
            Map.entry("ap-northeast-1", new Prices(0.0047, 0.00037, 0.025)),
            Map.entry("ap-southeast-1", new Prices(0.005, 0.0004, 0.025)),
            Map.entry("ap-southeast-2", new Prices(0.0055, 0.00044, 0.025)),
            Map.entry("ap-south-1", new Prices(0.005, 0.0004, 0.025)),
            Map.entry("sa-east-1", new Prices(0.007, 0.00056, 0.0405)));

    @Option(names = "--price-requests", paramLabel = "USD",
            description = "Price of 1,000 COPY, PUT or LIST requests (default: the list price of the mirror's region).")
    Double requestsPer1000;

    @Option(names = "--price-transfer", paramLabel = "USD", description = "Price of a GiB transferred between regions (default: ${DEFAULT-VALUE}).")
    double transferPerGib = 0.02;

    @Option(names = "--price-storage", paramLabel = "USD",
            description = "Price of a GiB stored for a month, S3 Standard (default: the list price of the mirror's region).")
    Double storagePerGibMonth;

    /** The copies a plan holds, and the S3 requests the copy function sends for them. */
    public static final class Copies {
        private long objects;
        private long bytes;
        private long putClass;
        private long heads;

        /**
         * A copy of {@code size} bytes: one CopyObject up to the multipart threshold; above it the HEAD the SDK's
         * multipart copy sends first, CreateMultipartUpload, an UploadPartCopy per part and CompleteMultipartUpload.
         */
        public void add(long size) {
            objects++;
            bytes += size;
            if (size <= S3ObjectStore.MULTIPART_COPY_THRESHOLD) {
                putClass++;
                return;
            }
            // the SDK's part size: the configured one, larger if 10,000 parts would not hold the object
            long partSize = Math.max(S3ObjectStore.DEFAULT_PART_SIZE, (size + 9_999) / 10_000);
            heads++;
            putClass += 2 + (size + partSize - 1) / partSize;
        }

        long objects() {
            return objects;
        }

        long bytes() {
            return bytes;
        }
    }

    /**
     * The estimate as one line.
     *
     * @param mirrorLists the LIST requests the plan sent to the mirror
     * @param mirrorRegion the mirror's AWS region, or null when it is not in AWS (a directory, an on-premises store)
     */
    public String describe(Copies copies, long mirrorLists, String mirrorRegion) {
        if (mirrorRegion == null) {
            return "Estimated cost: nothing from AWS: the mirror is not in AWS, and the source is read anonymously (its requests are billed"
                    + " to the dataset)";
        }
        Prices listed = REGION_PRICES.getOrDefault(mirrorRegion, REGION_PRICES.get(PRICES_ELSEWHERE));
        double perRequests = requestsPer1000 != null ? requestsPer1000 : listed.requestsPer1000();
        double perStorage = storagePerGibMonth != null ? storagePerGibMonth : listed.storagePerGibMonth();
        double requestCost = (copies.putClass + mirrorLists) * perRequests / 1000 + copies.heads * listed.getsPer1000() / 1000;
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "Estimated cost: %d requests $%.4f (%d COPY, multipart parts included,"
                + " and %d LIST of the mirror at $%s per 1,000", copies.putClass + mirrorLists + copies.heads, requestCost, copies.putClass,
                mirrorLists, usd(perRequests)));
        if (copies.heads > 0) {
            line.append(String.format(Locale.ROOT, "; %d HEAD at $%s per 1,000", copies.heads, usd(listed.getsPer1000())));
        }
        line.append("; the source's LISTs are anonymous, billed to the dataset)");
        double gibibytes = copies.bytes / GIB;
        boolean interRegion = !mirrorRegion.equals(SOURCE_REGION);
        line.append(String.format(Locale.ROOT, "; transfer %.1f GiB $%.2f (%s)", gibibytes, interRegion ? gibibytes * transferPerGib : 0,
                interRegion ? SOURCE_REGION + " to " + mirrorRegion + ", between regions at $" + usd(transferPerGib) + " per GiB"
                        : "within " + SOURCE_REGION + ", free"));
        line.append(String.format(Locale.ROOT, "; storage added %.1f GiB, $%.2f a month at $%s per GiB-month", gibibytes, gibibytes * perStorage,
                usd(perStorage)));
        line.append(" (").append(REGION_PRICES.containsKey(mirrorRegion) ? "S3 Standard list prices of " + mirrorRegion
                : "no list prices known for " + mirrorRegion + ": " + PRICES_ELSEWHERE + "'s")
                .append("; 1 GiB = 2^30 bytes, the GB AWS bills; --price-requests, --price-transfer, --price-storage)");
        return line.toString();
    }

    /** A price as written: 0.00043, not 4.3E-4. */
    private static String usd(double price) {
        return BigDecimal.valueOf(price).stripTrailingZeros().toPlainString();
    }
}
