package io.saasagent.failover.record;

/**
 * The public status page's incident (Statuspage) opened for the fleet's incident, kept in the fleet's
 * record so that a new holder updates the same one. Written by the holder's Statuspage publisher through
 * {@code FailoverService.linkPublicIncident}: the one thing outside the engine that goes into the record.
 *
 * @param incident the fleet's incident id
 * @param id       Statuspage's incident id
 * @param status   the Statuspage status last posted (identified, monitoring, resolved)
 */
public record PublicIncident(String incident, String id, String status) {
    public PublicIncident with(String newStatus) {
        return new PublicIncident(incident, id, newStatus);
    }
}
