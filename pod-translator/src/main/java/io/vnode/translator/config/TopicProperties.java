package io.vnode.translator.config;

import io.vnode.contracts.Topics;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Topic names ({@code vnode.topics.*}); application.yml binds the stream bindings to them. Tests
 * override them with unique names.
 */
@ConfigurationProperties("vnode.topics")
public record TopicProperties(
        @DefaultValue(Topics.POD_LIFECYCLE) String podLifecycle,
        @DefaultValue(Topics.INSTANCE_COMMANDS) String instanceCommands,
        @DefaultValue(Topics.POD_REJECTIONS) String podRejections) {
}
