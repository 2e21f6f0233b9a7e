package io.saasagent.statuspage;

import io.saasagent.failover.record.PublicIncident;

import java.util.Optional;

/**
 * Where the Statuspage incident of the fleet's incident is kept: in the fleet's failover record (through
 * {@code FailoverService}), so that a new holder updates the same Statuspage incident instead of opening another.
 */
interface IncidentLinks {

    /** The link in the record as last read; empty when none. */
    Optional<PublicIncident> current();

    /** Hands a new link to the record's writer; must not block. */
    void save(PublicIncident link);
}
