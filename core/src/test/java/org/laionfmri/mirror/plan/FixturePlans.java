package org.laionfmri.mirror.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.laionfmri.mirror.request.MirrorRequest;
import org.laionfmri.mirror.request.RequestJson;
import org.laionfmri.mirror.sample.SampleBucket;
import org.laionfmri.mirror.storage.ObjectEntry;
import org.laionfmri.mirror.testing.ListOf;

/** Plans on the listing shaped like the real bucket, into an empty mirror, for the selection tests. */
final class FixturePlans {

    static final List<ObjectEntry> FIXTURE = SampleBucket.nominalEntries();

    private static final RequestJson REQUESTS = new RequestJson(new ObjectMapper());

    private FixturePlans() {}

    static MirrorRequest request(String json) {
        return REQUESTS.parse(json);
    }

    /** The plan of a request given as its JSON form. */
    static List<PlanItem> plan(String requestJson) {
        return plan(request(requestJson));
    }

    /** Every item is a copy, the mirror being empty. */
    static List<PlanItem> plan(MirrorRequest request) {
        List<PlanItem> items = new ArrayList<>();
        new Planner(ListOf.entries(FIXTURE), ListOf.entries(List.of())).plan(request, items::add);
        assertThat(items).allMatch(item -> item.action() == Action.COPY);
        return items;
    }

    static List<String> keys(List<PlanItem> items) {
        return items.stream().map(PlanItem::key).toList();
    }
}
