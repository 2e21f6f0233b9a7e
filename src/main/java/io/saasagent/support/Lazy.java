package io.saasagent.support;

import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A value built at its first use, once, by whichever thread asks first. For the SDK and API clients: building
 * one at start-up costs start time and, with a default credentials chain or region lookup, may wait on the
 * network before the agent answers /health/ready.
 */
public final class Lazy<T> implements Supplier<T> {
    private final Supplier<? extends T> factory;
    private volatile T value;

    private Lazy(Supplier<? extends T> factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    public static <T> Lazy<T> of(Supplier<? extends T> factory) {
        return new Lazy<>(factory);
    }

    @Override
    public T get() {
        T v = value;
        if (v == null) {
            synchronized (this) {
                v = value;
                if (v == null) {
                    v = Objects.requireNonNull(factory.get(), "the factory built null");
                    value = v;
                }
            }
        }
        return v;
    }

    /** True once {@link #get()} has built the value. */
    public boolean created() {
        return value != null;
    }

    /** Hands the value to {@code action} only if it was built: closing a client never builds it. */
    public void ifCreated(Consumer<? super T> action) {
        T v = value;
        if (v != null) {
            action.accept(v);
        }
    }
}
