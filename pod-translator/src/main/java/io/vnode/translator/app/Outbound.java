package io.vnode.translator.app;

import io.vnode.contracts.VnodeEvent;

/** An event to publish and the output it goes to. */
public record Outbound(Output output, VnodeEvent event) {

    /** The service's outputs. */
    public enum Output { INSTANCE_COMMANDS, POD_REJECTIONS }
}
