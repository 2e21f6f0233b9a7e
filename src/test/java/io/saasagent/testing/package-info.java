/**
 * Reusable test harness for the health and failover agent: plain JUnit helpers, no Quarkus needed.
 *
 * <ul>
 *   <li>{@link io.saasagent.testing.Await}: bounded polling waits instead of sleeps.
 *   <li>{@link io.saasagent.testing.MutableClock}: an injectable clock moved by the test.
 *   <li>{@link io.saasagent.testing.FreePorts}: free loopback ports.
 *   <li>{@link io.saasagent.testing.FaultProxy}: a TCP proxy that refuses, resets, blackholes,
 *       delays or flaps on demand, in front of any server.
 *   <li>{@link io.saasagent.testing.PrivateRedis}, {@link io.saasagent.testing.PrivateNats},
 *       {@link io.saasagent.testing.PrivatePostgres}: private servers on free ports that tests may
 *       kill, pause (SIGSTOP), resume and restart, built on {@link io.saasagent.testing.PrivateServer}.
 *   <li>{@link io.saasagent.testing.RawProbes}: one-shot raw-socket Redis/NATS/PostgreSQL probes.
 *   <li>{@link io.saasagent.testing.PrivateTls}: loopback TLS servers with certificates of chosen validity (keytool).
 * </ul>
 *
 * <p>Why: the agent exists to notice and survive dependency failures, so its tests need failures on
 * demand, without Docker, without touching the machine's shared servers (PostgreSQL 5432, Redis
 * 6379, NATS 4222), and without fixed sleeps. The binaries come from Debian packages installed by
 * {@code scripts/install-test-deps.sh}.
 */
package io.saasagent.testing;
