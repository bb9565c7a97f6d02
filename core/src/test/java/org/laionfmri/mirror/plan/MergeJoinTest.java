package org.laionfmri.mirror.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.laionfmri.mirror.storage.ObjectEntry;
import org.laionfmri.mirror.testing.ListOf;

class MergeJoinTest {

    @Test
    void copiesWhatIsMissingOrResizedAndSkipsWhatMatches() {
        ListOf source = new ListOf(List.of(entry("a", 1), entry("b", 2), entry("c", 3), entry("d", 4), entry("e", 5)), 2);
        ListOf mirror = new ListOf(List.of(entry("a", 1), entry("aa", 9), entry("c", 30), entry("d", 4), entry("z", 1)), 2);
        List<PlanItem> items = new ArrayList<>();

        long selected = MergeJoin.join(source.pages(""), mirror.pages(""), key -> !key.equals("e"), items::add);

        assertThat(selected).isEqualTo(4);
        assertThat(items).containsExactly(
                new PlanItem("a", 1, Action.SKIP),
                new PlanItem("b", 2, Action.COPY),
                new PlanItem("c", 3, Action.COPY),
                new PlanItem("d", 4, Action.SKIP));
    }

    @Test
    void aCheckPairsEachSelectedKeyAndFindsWhatOnlyTheMirrorHolds() {
        ListOf source = new ListOf(List.of(entry("a", 1), entry("b", 2), entry("c", 3), entry("e", 5)), 2);
        ListOf mirror = new ListOf(List.of(entry("a", 1), entry("aa", 9), entry("c", 30), entry("d", 4), entry("e", 5), entry("x", 1), entry("z", 1)), 3);
        List<String> found = new ArrayList<>();

        long selected = MergeJoin.join(source.pages(""), mirror.pages(""), key -> !key.equals("x"), new MergeJoin.Pairs() {
            @Override
            public void selected(ObjectEntry entry, ObjectEntry counterpart) {
                found.add(entry.key() + "=" + (counterpart == null ? "none" : counterpart.size()));
            }

            @Override
            public void mirrorOnly(ObjectEntry counterpart) {
                found.add("only " + counterpart.key());
            }
        }, true);

        assertThat(selected).isEqualTo(4);
        assertThat(found).containsExactly("a=1", "only aa", "b=none", "c=30", "only d", "e=5", "only z");
    }

    @Test
    void doesNotListTheMirrorWhenNothingIsSelected() {
        ListOf mirror = ListOf.entries(List.of(entry("a", 1)));

        long selected = MergeJoin.join(ListOf.entries(List.of(entry("a", 1))).pages(""), mirror.pages(""), key -> false, item -> {});

        assertThat(selected).isZero();
        assertThat(mirror.pagesServed()).isZero();
    }

    @Test
    void comparesKeysInUtf8OrderAsS3Lists() {
        String bmpHigh = "\uFF21";
        String supplementary = "\uD83D\uDE00";
        ListOf source = ListOf.entries(List.of(entry(bmpHigh, 1), entry(supplementary, 1)));
        ListOf mirror = ListOf.entries(List.of(entry(bmpHigh, 1), entry(supplementary, 1)));
        List<PlanItem> items = new ArrayList<>();

        MergeJoin.join(source.pages(""), mirror.pages(""), key -> true, items::add);

        assertThat(items).extracting(PlanItem::action).containsExactly(Action.SKIP, Action.SKIP);
    }

    @Test
    void refusesAListingOutOfKeyOrder() {
        ListOf unsorted = new ListOf(List.of(entry("b", 1), entry("a", 1)), 1);

        assertThatThrownBy(() -> MergeJoin.join(unsorted.pages(""), ListOf.entries(List.of()).pages(""), key -> true, item -> {}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the source listing is not in key order: \"a\" came after \"b\"");
    }

    private static ObjectEntry entry(String key, long size) {
        return new ObjectEntry(key, size);
    }
}
