/**
 * Data-subject requests (GDPR Art. 15-22): intake from the privacy center, a service or an agent; identity
 * verification by a one-time code when the request came by e-mail; the legal due date from the entity's jurisdiction
 * pack and its extension; the tasks that carry a request out in every connected system, run by a pool of workers with
 * leases and retries; the package of an access request; erasure, restriction, objection and rectification; the
 * timeline shown to the DPO and to the customer. Facade: {@link io.custodia.server.requests.DataRequests}.
 */
@NullMarked
@ApplicationModule(displayName = "Data-subject requests")
package io.custodia.server.requests;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
