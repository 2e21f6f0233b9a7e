package io.saasagent.failover;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;

/** Active mode against a real BIND ({@link BindFailoverWorld}), admin token configured. */
public class ActiveBindProfile implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(BindFailoverWorld.class));
    }
}
