package days;

import static org.assertj.core.api.Assertions.assertThat;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import record.CompactRecord;

/** The one rule for a target's records out of time order ({@link RecordOrder}), case by case. */
class RecordOrderTest {
    private static final long T0 = Instant.parse("2026-11-29T12:00:00Z").toEpochMilli();

    /** What a sink saw: "value" per kept record, "|" before a record that follows a step back. */
    private static final class Seen implements RecordOrder.Sink {
        final List<String> out = new ArrayList<>();

        @Override
        public void accept(CompactRecord r) {
            out.add(String.valueOf((long) r.values()[0]));
        }

        @Override
        public void clockStepped(CompactRecord next) {
            out.add("|");
        }
    }

    private static CompactRecord at(String target, long seconds, long value, long scrapeMs) {
        return new CompactRecord(T0 + seconds * 1000, true, new String[] {"x"}, new double[] {value}, target, null, scrapeMs, Map.of());
    }

    private static CompactRecord at(long seconds, long value) {
        return at("gw", seconds, value, 100);
    }

    @Test
    void inOrderRecordsPassUnchanged() {
        Seen seen = new Seen();
        RecordOrder order = new RecordOrder(RecordOrder.WINDOW, seen);
        for (int i = 0; i < 5; i++) order.add(at(i * 30, i));
        order.drain();
        assertThat(seen.out).containsExactly("0", "1", "2", "3", "4");
        assertThat(order.warning()).isNull();
    }

    @Test
    void aStepBackDropsTheRecordsThatRanAheadAndBreaksTheStretch() {
        // An NTP correction of two minutes: records 4..7 were dated by a clock two minutes ahead.
        Seen seen = new Seen();
        RecordOrder order = new RecordOrder(RecordOrder.WINDOW, seen);
        for (int i = 0; i < 8; i++) order.add(at(i * 30, i));
        for (int i = 8; i < 12; i++) order.add(at(i * 30 - 120 - 30, i)); // 8 is dated 90 s: at or before 4..7
        order.drain();
        assertThat(seen.out).containsExactly("0", "1", "2", "|", "8", "9", "10", "11");
        assertThat(order.ahead()).isEqualTo(5); // 3 (90 s) .. 7 (210 s) are dated at or after 90 s
        assertThat(order.steps()).isEqualTo(1);
        assertThat(order.warning()).contains("stepped back 1 time (first: gw)", "left out 5 records dated ahead");
    }

    @Test
    void aForwardGlitchCostsOnlyTheGlitchedRecordsNotTheRealOnesAfterThem() {
        // The next day's file opens with two records a clock 10 hours ahead wrote, then 1,200 real ones from midnight.
        Seen seen = new Seen();
        RecordOrder order = new RecordOrder(RecordOrder.WINDOW, seen);
        order.add(at(36_000, -1));
        order.add(at(36_030, -2));
        for (int i = 0; i < 1200; i++) order.add(at(i * 30, i));
        order.drain();
        assertThat(seen.out).hasSize(1201).startsWith("|", "0", "1").endsWith("1199");
        assertThat(order.ahead()).isEqualTo(2);
        assertThat(order.behind()).isZero();
    }

    @Test
    void aRecordWrittenLateBecauseItsScrapeWasSlowIsPutInItsPlace() {
        Seen seen = new Seen();
        RecordOrder order = new RecordOrder(RecordOrder.WINDOW, seen);
        order.add(at("gw", 0, 0, 100));
        order.add(at("gw", 31, 2, 100)); // a cron scrape, written first
        order.add(at("gw", 30, 1, 2500)); // watch's scrape of 30 s ran until 32.5 s
        order.drain();
        assertThat(seen.out).containsExactly("0", "1", "2");
        assertThat(order.late()).isEqualTo(1);
        assertThat(order.warning()).isNull();
    }

    @Test
    void targetsDoNotAffectEachOther() {
        Seen seen = new Seen();
        RecordOrder order = new RecordOrder(RecordOrder.WINDOW, seen);
        order.add(at("a", 60, 1, 100));
        order.add(at("b", 0, 2, 100));
        order.add(at("a", 90, 3, 100));
        order.drain();
        assertThat(seen.out).containsExactly("2", "1", "3");
        assertThat(order.warning()).isNull();
    }

    @Test
    void liveNothingIsHeldBackSoRecordsNotLaterThanOneHandedOnAreDroppedUntilTheClockPassesIt() {
        Seen seen = new Seen();
        RecordOrder order = RecordOrder.live(seen);
        order.add(at(0, 0));
        order.add(at(30, 1));
        assertThat(seen.out).containsExactly("0", "1"); // handed on at once
        order.add(at(-30, 2)); // the clock stepped back a minute
        order.add(at(0, 3));
        order.add(at(30, 4));
        order.add(at(60, 5));
        assertThat(seen.out).containsExactly("0", "1", "|", "5");
        assertThat(order.behind()).isEqualTo(3);
        assertThat(order.steps()).isEqualTo(1);
        assertThat(order.warning()).contains("3 not later than records of their target already read");
    }

    @Test
    void aStepBackFartherThanTheWindowDropsTheRecordsBehindWhatWasHandedOn() {
        Seen seen = new Seen();
        RecordOrder order = new RecordOrder(2, seen);
        for (int i = 0; i < 6; i++) order.add(at(i * 30, i)); // 0..3 handed on, 4 and 5 held
        order.add(at(60, 6)); // 4, 5 dropped as ahead; 6 is not later than 3 (90 s), already handed on
        order.add(at(120, 7));
        order.drain();
        assertThat(seen.out).containsExactly("0", "1", "2", "3", "|", "7");
        assertThat(order.ahead()).isEqualTo(2);
        assertThat(order.behind()).isEqualTo(1);
    }
}
