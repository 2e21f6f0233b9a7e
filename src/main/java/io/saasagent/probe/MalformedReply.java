package io.saasagent.probe;

import java.io.IOException;

/** A reply a probe cannot make sense of: the peer is not (or no longer) a sane server of its type. */
public final class MalformedReply extends IOException implements io.saasagent.support.Failures.Worded {
    public MalformedReply(String message) {
        super("malformed reply: " + message);
    }
}
