package io.vnode.executor.domain;

/** An image registry login (ImageRegistryCredential.N); its password is never printed. */
public record RegistryCredential(String server, String userName, String password) {

    @Override
    public String toString() {
        return "RegistryCredential[server=" + server + ", userName=" + userName + ", password=***]";
    }
}
