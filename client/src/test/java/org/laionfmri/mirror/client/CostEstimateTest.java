package org.laionfmri.mirror.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The dry run's estimate: requests, transfer between regions, storage, with the prices shown and overridable. */
class CostEstimateTest {

    @Test
    void aMirrorInAnotherRegionPaysTheTransferAndTheStorage() {
        String line = new CostEstimate().describe(9_996, 50_000_000_000L, 4, "eu-central-1");

        assertThat(line).startsWith("Estimated cost: 10000 requests $0.0500")
                .contains("transfer 50.0 GB $1.00 (us-west-2 to eu-central-1, between regions)")
                .contains("storage added 50.0 GB, $1.15 a month")
                .endsWith("(prices: $0.005 per 1,000 requests, $0.02 per GB between regions, $0.023 per GB-month;"
                        + " --price-requests, --price-transfer, --price-storage)");
    }

    @Test
    void withinTheDatasetsRegionTheTransferIsFreeAndOverriddenPricesAreUsedAndShown() {
        CostEstimate cost = new CostEstimate();
        cost.requestsPer1000 = 0.01;
        cost.storagePerGbMonth = 0.0125;

        String line = cost.describe(999, 2_000_000_000L, 1, "us-west-2");

        assertThat(line).startsWith("Estimated cost: 1000 requests $0.0100")
                .contains("transfer 2.0 GB $0.00 (within us-west-2, free)")
                .contains("storage added 2.0 GB, $0.03 a month")
                .contains("$0.01 per 1,000 requests").contains("$0.0125 per GB-month");
    }

    @Test
    void aMirrorOutsideAwsHasNoAwsTransferOrStorageCharge() {
        assertThat(new CostEstimate().describe(93, 1_000_000, 2, null))
                .startsWith("Estimated cost: 95 requests $0.0005; the mirror is not in AWS: no transfer or storage charge from AWS");
    }
}
