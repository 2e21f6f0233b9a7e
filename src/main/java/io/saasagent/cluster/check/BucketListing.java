package io.saasagent.cluster.check;

import java.time.Duration;
import java.time.Instant;

/**
 * Finds the newest object under a prefix with ListObjectsV2 (1,000 keys a page), bounded in pages AND in
 * time, so that a prefix of 100,000 objects never stalls the other checks: at most {@code maxPages} pages,
 * and no page begun after {@code budget} (each page's own call is cut at what is left of it). A listing
 * that stops at its bound says so ({@link Outcome#complete()} false): its newest object is then only the
 * newest among those listed.
 *
 * <p>With {@code timeOrdered} (key-order=time: keys that sort by upload time, like dated backup names or WAL
 * segments) the newest object is the last key, and this listing keeps a cursor between runs: a first pass
 * too long for the bound continues where it stopped, and once at the end each run starts just before the
 * last key it saw, so it costs one request whatever the size of the prefix. Starting before the last key
 * (at the one before it) sees that key again: one that disappeared (deleted, expired) sends the next run
 * back to a full listing rather than trusting a remembered object.
 */
final class BucketListing {
    static final int PAGE = 1000;

    /** The newest object seen. */
    record Newest(String key, Instant lastModified, long size) {
        static Newest newer(Newest a, Newest b) {
            return a == null ? b : b == null ? a : b.lastModified.isAfter(a.lastModified) ? b : a;
        }
    }

    /**
     * @param objects      objects listed in this run
     * @param startedAfter the key this run listed after (key-order=time), or null for the whole prefix
     */
    record Outcome(Newest newest, long objects, int pages, boolean complete, long millis, String startedAfter) {
    }

    private final int maxPages;
    private final Duration budget;
    private final boolean timeOrdered;
    /** key-order=time: list after this key next time (null: from the start). */
    private String resumeAfter;
    /** key-order=time: the newest of the earlier runs of a pass not finished yet. */
    private Newest carried;

    BucketListing(int maxPages, Duration budget, boolean timeOrdered) {
        this.maxPages = maxPages;
        this.budget = budget;
        this.timeOrdered = timeOrdered;
    }

    /** One bounded listing; S3's refusals and failures pass through (the check classifies them). */
    Outcome list(S3Listing s3, String bucket, String prefix) throws S3Listing.Refused, S3Listing.Failed {
        long begin = System.nanoTime();
        Outcome out = pass(s3, bucket, prefix, begin);
        if (timeOrdered && out.startedAfter() != null && out.objects() == 0) {
            // The key we resumed before is gone: start over from the whole prefix, within what is left of the budget.
            resumeAfter = null;
            carried = null;
            out = pass(s3, bucket, prefix, begin);
        }
        return out;
    }

    private Outcome pass(S3Listing s3, String bucket, String prefix, long begin) throws S3Listing.Refused, S3Listing.Failed {
        long deadline = begin + budget.toNanos();
        String startAfter = timeOrdered ? resumeAfter : null;
        String token = null;
        String last = null;
        String beforeLast = null;
        Newest newest = null;
        long objects = 0;
        int pages = 0;
        do {
            Duration left = Duration.ofNanos(Math.max(deadline - System.nanoTime(), 1_000_000));
            S3Listing.Page page;
            try {
                page = s3.list(bucket, prefix, startAfter, token, left);
            } catch (S3Listing.Failed e) {
                if (pages == 0 || !e.timedOut) {
                    throw e; // not even one page (the endpoint does not answer in time), or no answer at all
                }
                break; // the time bound cut a page short: what was listed stands, incomplete
            }
            pages++;
            for (S3Listing.Item o : page.contents()) {
                objects++;
                beforeLast = last;
                last = o.key();
                if (o.lastModified() != null) {
                    newest = Newest.newer(newest, new Newest(o.key(), o.lastModified(), o.size()));
                }
            }
            token = page.truncated() ? page.nextToken() : null;
        } while (token != null && pages < maxPages && System.nanoTime() < deadline);
        boolean complete = token == null;
        if (timeOrdered) {
            newest = Newest.newer(carried, newest);
            if (complete) {
                carried = null;
                resumeAfter = beforeLast != null ? beforeLast : startAfter; // before the last key: it is seen again
            } else {
                carried = newest;
                resumeAfter = last != null ? last : startAfter; // continue the pass where the bound stopped it
            }
        }
        return new Outcome(newest, objects, pages, complete, (System.nanoTime() - begin) / 1_000_000, startAfter);
    }
}
