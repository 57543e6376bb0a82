package io.vnode.emulator.domain;

/** A cloud disk: it lives in one zone and attaches to one instance at a time. */
public record CloudDisk(String diskId, String zoneId, int sizeGiB) {
}
