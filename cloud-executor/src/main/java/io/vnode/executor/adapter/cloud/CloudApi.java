package io.vnode.executor.adapter.cloud;

/** The ECI 2018-08-08 actions the executor calls; each has its own account quota and limiter. */
enum CloudApi {
    CREATE_CONTAINER_GROUP("CreateContainerGroup"),
    DELETE_CONTAINER_GROUP("DeleteContainerGroup"),
    UPDATE_CONTAINER_GROUP("UpdateContainerGroup"),
    DESCRIBE_CONTAINER_GROUPS("DescribeContainerGroups"),
    DESCRIBE_CONTAINER_GROUP_STATUS("DescribeContainerGroupStatus"),
    DESCRIBE_CONTAINER_GROUP_EVENTS("DescribeContainerGroupEvents");

    private final String action;

    CloudApi(String action) {
        this.action = action;
    }

    /** The API's action name on the wire. */
    public String action() {
        return action;
    }
}
