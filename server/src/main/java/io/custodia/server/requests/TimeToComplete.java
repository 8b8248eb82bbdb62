package io.custodia.server.requests;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The time-to-complete chart of the console: completed requests counted by how many days they took, in buckets, laid
 * out as the bars of a server-rendered SVG (no script needed), with the same counts for a table beside it.
 */
record TimeToComplete(List<Bar> bars, int max) {
    /** The upper bounds, in days, of the buckets; the last bucket holds everything longer. */
    static final int[] BOUNDS = {7, 14, 21, 31, 62, 93};

    static final int WIDTH = 480;
    static final int HEIGHT = 200;
    static final int BASELINE = 170;
    static final int TOP = 20;

    /**
     * One bucket and its bar.
     *
     * @param label the bucket, such as {@code 8–14}
     * @param count how many requests took that long
     * @param x the bar's left edge, y its top, height its height, in the SVG's units
     */
    record Bar(String label, int count, int x, int y, int width, int height, int labelX) {}

    static TimeToComplete of(List<RequestStore.Completed> completed) {
        int[] counts = new int[BOUNDS.length + 1];
        for (RequestStore.Completed request : completed) {
            long days = Duration.between(request.receivedAt(), request.completedAt())
                            .toDays()
                    + 1;
            int bucket = 0;
            while (bucket < BOUNDS.length && days > BOUNDS[bucket]) {
                bucket++;
            }
            counts[bucket]++;
        }
        int max = 0;
        for (int count : counts) {
            max = Math.max(max, count);
        }
        int slot = WIDTH / counts.length;
        List<Bar> bars = new ArrayList<>();
        for (int bucket = 0; bucket < counts.length; bucket++) {
            String label = bucket == BOUNDS.length
                    ? ">" + BOUNDS[BOUNDS.length - 1]
                    : (bucket == 0 ? 1 : BOUNDS[bucket - 1] + 1) + "–" + BOUNDS[bucket];
            int height = max == 0 ? 0 : (int) Math.round((double) counts[bucket] * (BASELINE - TOP) / max);
            int x = bucket * slot + 8;
            bars.add(new Bar(label, counts[bucket], x, BASELINE - height, slot - 16, height, x + (slot - 16) / 2));
        }
        return new TimeToComplete(bars, max);
    }

    /** Whether any request was completed. */
    public boolean empty() {
        return max == 0;
    }
}
