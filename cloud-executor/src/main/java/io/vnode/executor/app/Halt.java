package io.vnode.executor.app;

/** Why a command stops waiting before its call succeeded: held (re-queue it) or its pod was deleted. */
public sealed interface Halt permits CreateOutcome.Held, CreateOutcome.PodDeleted {
}
