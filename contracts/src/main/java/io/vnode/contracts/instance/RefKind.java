package io.vnode.contracts.instance;

/** What a reference points at. */
public enum RefKind {
    CONFIG_MAP,
    SECRET
}
