package io.vnode.translator.app;

import io.vnode.translator.domain.EciProfile;

/** The current eci-profile (properties, possibly replaced by the watched ConfigMap). Thread-safe, non-blocking. */
public interface ProfileSource {

    EciProfile current();
}
