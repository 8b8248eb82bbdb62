package io.custodia.server.connectors;

/** Whether a step is finished, or an HTTP system accepted it and will answer later on the callback endpoint. */
public enum StepStatus {
    DONE,
    PENDING
}
