package io.vnode.executor.adapter.cloud;

/** An AccessKey pair; the secret is never printed. */
public record AccessKey(String id, String secret) {

    @Override
    public String toString() {
        return "AccessKey[id=" + id + ", secret=***]";
    }
}
