package io.vnode.agent.adapter.kube;

import io.vnode.agent.domain.Requester;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/** Reads a client certificate as the API server does: subject CN = user, each subject O = a group. */
final class ClientCertificates {

    private ClientCertificates() {
    }

    static Requester requesterOf(X509Certificate certificate) {
        String user = null;
        List<String> groups = new ArrayList<>();
        try {
            LdapName name = new LdapName(certificate.getSubjectX500Principal().getName(X500Principal.RFC2253));
            for (Rdn rdn : name.getRdns()) {
                if ("CN".equalsIgnoreCase(rdn.getType()) && user == null) {
                    user = rdn.getValue().toString();
                } else if ("O".equalsIgnoreCase(rdn.getType())) {
                    groups.add(rdn.getValue().toString());
                }
            }
        } catch (InvalidNameException e) {
            throw new IllegalArgumentException("unreadable certificate subject " + certificate.getSubjectX500Principal(), e);
        }
        return new Requester(user == null || user.isBlank() ? "system:anonymous" : user, groups, null);
    }
}
