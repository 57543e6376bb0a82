package io.vnode.contracts.instance;

/** Which serverless product runs the instance: ACS (instance ids {@code acs-...}) or ECI ({@code eci-...}). */
public enum ComputeType {
    ECI,
    ACS
}
