package org.laionfmri.mirror.local;

import com.amazonaws.services.lambda.runtime.Context;
import java.time.Instant;
import java.util.function.Consumer;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricResolution;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * Metrics on one machine go nowhere: there is no CloudWatch to receive EMF, and Powertools would
 * otherwise look for a CloudWatch agent. The run's report holds the same figures.
 */
final class LocalMetrics implements Metrics {

    @Override
    public void addMetric(String name, double value, MetricUnit unit, MetricResolution resolution) {
        // no CloudWatch here
    }

    @Override
    public void addDimension(DimensionSet dimensionSet) {
        // no CloudWatch here
    }

    @Override
    public void setTimestamp(Instant timestamp) {
        // no CloudWatch here
    }

    @Override
    public void addMetadata(String key, Object value) {
        // no CloudWatch here
    }

    @Override
    public void setDefaultDimensions(DimensionSet dimensionSet) {
        // no CloudWatch here
    }

    @Override
    public DimensionSet getDefaultDimensions() {
        return new DimensionSet();
    }

    @Override
    public void setNamespace(String namespace) {
        // no CloudWatch here
    }

    @Override
    public void setRaiseOnEmptyMetrics(boolean raiseOnEmptyMetrics) {
        // no CloudWatch here
    }

    @Override
    public void clearDefaultDimensions() {
        // no CloudWatch here
    }

    @Override
    public void flush() {
        // no CloudWatch here
    }

    @Override
    public void captureColdStartMetric(Context context, DimensionSet dimensions) {
        // no CloudWatch here
    }

    @Override
    public void captureColdStartMetric(DimensionSet dimensions) {
        // no CloudWatch here
    }

    @Override
    public void flushMetrics(Consumer<Metrics> metrics) {
        metrics.accept(this);
    }
}
