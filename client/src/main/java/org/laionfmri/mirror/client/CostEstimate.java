package org.laionfmri.mirror.client;

import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * What a planned run costs in AWS, from the plan: its requests (the LISTs that planned it, a COPY per
 * object), the transfer when the mirror is in another region than the dataset, and the storage it adds
 * per month. The prices are shown with the figures and can be overridden.
 */
final class CostEstimate {

    static final String SOURCE_REGION = "us-west-2";

    @Option(names = "--price-requests", paramLabel = "USD", description = "Price of 1,000 COPY or LIST requests (default: ${DEFAULT-VALUE}).")
    double requestsPer1000 = 0.005;

    @Option(names = "--price-transfer", paramLabel = "USD", description = "Price of a GB transferred between regions (default: ${DEFAULT-VALUE}).")
    double transferPerGb = 0.02;

    @Option(names = "--price-storage", paramLabel = "USD", description = "Price of a GB stored for a month, S3 Standard (default: ${DEFAULT-VALUE}).")
    double storagePerGbMonth = 0.023;

    /**
     * The estimate as one line.
     *
     * @param mirrorRegion the mirror's AWS region, or null when it is not in AWS (a directory, an on-premises store)
     */
    String describe(long objects, long bytes, long listRequests, String mirrorRegion) {
        double gigabytes = bytes / 1e9;
        double requests = (objects + listRequests) * requestsPer1000 / 1000;
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "Estimated cost: %d requests $%.4f", objects + listRequests, requests));
        if (mirrorRegion == null) {
            line.append("; the mirror is not in AWS: no transfer or storage charge from AWS");
        } else {
            boolean interRegion = !mirrorRegion.equals(SOURCE_REGION);
            double transfer = interRegion ? gigabytes * transferPerGb : 0;
            line.append(String.format(Locale.ROOT, "; transfer %s $%.2f (%s)", Bytes.human(bytes), transfer,
                    interRegion ? SOURCE_REGION + " to " + mirrorRegion + ", between regions" : "within " + SOURCE_REGION + ", free"));
            line.append(String.format(Locale.ROOT, "; storage added %s, $%.2f a month", Bytes.human(bytes), gigabytes * storagePerGbMonth));
        }
        line.append(String.format(Locale.ROOT, " (prices: $%s per 1,000 requests, $%s per GB between regions, $%s per GB-month;"
                + " --price-requests, --price-transfer, --price-storage)", requestsPer1000, transferPerGb, storagePerGbMonth));
        return line.toString();
    }
}
