package org.laionfmri.mirror.client.output;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The dry run's estimate: the requests S3 bills (a multipart copy is the requests it is; only the mirror's
 * LISTs), the transfer between regions and the storage at the mirror region's prices, in GiB.
 */
class CostEstimateTest {

    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;

    @Test
    void aMultipartCopyIsPricedAsItsRequestsAndTheMirrorsRegionSetsThePrices() {
        CostEstimate.Copies copies = new CostEstimate.Copies();
        copies.add(10 * MIB);
        copies.add(256 * MIB); // the threshold itself: still one CopyObject
        copies.add(GIB); // a HEAD, then Create, 16 parts of 64 MiB, Complete

        String line = new CostEstimate().describe(copies, 4, "eu-central-1");

        assertThat(line).startsWith("Estimated cost: 25 requests $0.0001 (20 COPY, multipart parts included, and 4 LIST of the mirror at"
                + " $0.0054 per 1,000; 1 HEAD at $0.00043 per 1,000; the source's LISTs are anonymous, billed to the dataset)")
                .contains("; transfer 1.3 GiB $0.03 (us-west-2 to eu-central-1, between regions at $0.02 per GiB)")
                .contains("; storage added 1.3 GiB, $0.03 a month at $0.0245 per GiB-month")
                .endsWith(" (S3 Standard list prices of eu-central-1; 1 GiB = 2^30 bytes, the GB AWS bills; --price-requests, --price-transfer,"
                        + " --price-storage)");
    }

    @Test
    void aTerabyteIsPricedPerGibibyteWithinTheDatasetsRegionAndOverriddenPricesAreUsed() {
        CostEstimate.Copies copies = new CostEstimate.Copies();
        for (int i = 0; i < 1024; i++) {
            copies.add(GIB);
        }
        CostEstimate cost = new CostEstimate();
        cost.storagePerGibMonth = 0.0125;

        String line = cost.describe(copies, 0, "us-west-2");

        assertThat(line).contains("transfer 1024.0 GiB $0.00 (within us-west-2, free)")
                .contains("storage added 1024.0 GiB, $12.80 a month at $0.0125 per GiB-month")
                .contains(1024 * 18 + " COPY").contains("1024 HEAD");
    }

    @Test
    void aRegionWithoutKnownPricesSaysWhoseAreUsed() {
        CostEstimate.Copies copies = new CostEstimate.Copies();
        copies.add(MIB);

        assertThat(new CostEstimate().describe(copies, 2, "me-central-1")).contains("at $0.005 per 1,000")
                .contains("(no list prices known for me-central-1: us-east-1's; ");
    }

    @Test
    void aMirrorOutsideAwsHasNoAwsCharge() {
        assertThat(new CostEstimate().describe(new CostEstimate.Copies(), 2, null))
                .isEqualTo("Estimated cost: nothing from AWS: the mirror is not in AWS, and the source is read anonymously (its requests are"
                        + " billed to the dataset)");
    }
}
