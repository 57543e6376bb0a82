package io.vnode.executor.adapter.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import io.vnode.executor.domain.CloudError;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EciErrorCodesTest {

    @ParameterizedTest
    @CsvSource({
        "Throttling.User, 400, Throttled, true",
        "Throttling.Api, 400, Throttled, true",
        "Degrade.Api, 400, Throttled, true",
        "ServiceUnavailable, 503, Transient, true",
        "InternalError, 500, Transient, true",
        "SDK.ServerUnreachable, -1, Transient, true",
        ", 502, Transient, true",
        "ContainerGroup.NoStock, 400, NoStock, false",
        "NoStock, 400, NoStock, false",
        "StockExhaust, 400, NoStock, false",
        "InvalidParameter.NotFound, 404, NotFound, false",
        "InvalidParameter.Image, 400, Rejected, false",
        "MissingParameter.ContainerGroupName, 400, Rejected, false",
        "IdempotentParameterMismatch, 400, Rejected, false",
        "Account.Arrearage, 400, Rejected, false",
        "InvalidAccessKeyId.NotFound, 404, CredentialsRefused, true",
        "SignatureDoesNotMatch, 400, CredentialsRefused, true",
        "Forbidden.RAM, 403, CredentialsRefused, true",
        "NoPermission, 403, CredentialsRefused, true",
        "InvalidSecurityToken.Expired, 400, CredentialsRefused, true",
        "IncompleteSignature, 400, CredentialsRefused, true",
        "ContainerGroupNotFound, 404, NotFound, false",
        "OperationConflict, 409, Transient, true",
        "IncorrectDiskStatus, 403, Transient, true",
        "InvalidDiskId.NotFound, 404, NotFound, false",
        "DiskVolume.NotInSameZone, 400, Rejected, false",
        "SDK.ReadTimeout, -1, Transient, true"
    })
    void errorsAreClassifiedByTheCloudsCode(String code, int status, String kind, boolean retryable) {
        CloudError error = EciErrorCodes.classify(code, "m", status);
        assertThat(error.getClass().getSimpleName()).isEqualTo(kind);
        assertThat(error.retryable()).isEqualTo(retryable);
    }
}
