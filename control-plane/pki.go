package main

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"flag"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// runPki writes the certificates and keys of a local control plane into --dir, all signed by one new
// CA (ca.crt): the API server's serving certificate, client certificates for the admin, the controller
// manager, the scheduler, the API server's kubelet client and each --nodes name, a serving
// certificate for the local services (webhook and kubelet port, on loopback), and the service-account
// signing key pair. Keys are RSA 2048 in PKCS#8, which every client here (Go, the JDK, Netty) reads.
func runPki(args []string) int {
	fs := flag.NewFlagSet("pki", flag.ContinueOnError)
	dir := fs.String("dir", "", "output directory")
	nodes := fs.String("nodes", "", "ordinary node names, comma separated")
	days := fs.Int("days", 30, "validity in days")
	if err := fs.Parse(args); err != nil || *dir == "" {
		fmt.Fprintln(os.Stderr, "usage: control-plane pki --dir DIR [--nodes a,b] [--days N]")
		return 2
	}
	if err := writePki(*dir, splitList(*nodes), time.Duration(*days)*24*time.Hour); err != nil {
		fmt.Fprintln(os.Stderr, "pki:", err)
		return 1
	}
	return 0
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

type issued struct {
	name  string
	cn    string
	orgs  []string
	hosts []string
	usage x509.ExtKeyUsage
}

func writePki(dir string, nodes []string, validity time.Duration) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	notBefore := time.Now().Add(-time.Hour)
	caKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return err
	}
	caTemplate := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "vnode-local-ca"},
		NotBefore:             notBefore,
		NotAfter:              notBefore.Add(validity),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	caDer, err := x509.CreateCertificate(rand.Reader, caTemplate, caTemplate, &caKey.PublicKey, caKey)
	if err != nil {
		return err
	}
	caCert, _ := x509.ParseCertificate(caDer)
	if err := writePair(dir, "ca", caDer, caKey); err != nil {
		return err
	}
	loopback := []string{"127.0.0.1", "localhost", "::1"}
	all := []issued{
		{"apiserver", "kube-apiserver", nil, append(loopback, "kubernetes", "kubernetes.default", "kubernetes.default.svc",
			"kubernetes.default.svc.cluster.local", "10.96.0.1"), x509.ExtKeyUsageServerAuth},
		{"admin", "kubernetes-admin", []string{"system:masters"}, nil, x509.ExtKeyUsageClientAuth},
		{"controller-manager", "system:kube-controller-manager", nil, nil, x509.ExtKeyUsageClientAuth},
		{"scheduler", "system:kube-scheduler", nil, nil, x509.ExtKeyUsageClientAuth},
		{"apiserver-kubelet-client", "kube-apiserver-kubelet-client", []string{"system:masters"}, nil, x509.ExtKeyUsageClientAuth},
		{"services", "vnode-local-services", nil, loopback, x509.ExtKeyUsageServerAuth},
	}
	for _, n := range nodes {
		all = append(all, issued{"node-" + n, "system:node:" + n, []string{"system:nodes"}, nil, x509.ExtKeyUsageClientAuth})
	}
	for i, c := range all {
		key, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			return err
		}
		t := &x509.Certificate{
			SerialNumber: big.NewInt(int64(i + 2)),
			Subject:      pkix.Name{CommonName: c.cn, Organization: c.orgs},
			NotBefore:    notBefore,
			NotAfter:     notBefore.Add(validity),
			KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
			ExtKeyUsage:  []x509.ExtKeyUsage{c.usage},
		}
		for _, h := range c.hosts {
			if ip := net.ParseIP(h); ip != nil {
				t.IPAddresses = append(t.IPAddresses, ip)
			} else {
				t.DNSNames = append(t.DNSNames, h)
			}
		}
		der, err := x509.CreateCertificate(rand.Reader, t, caCert, &key.PublicKey, caKey)
		if err != nil {
			return err
		}
		if err := writePair(dir, c.name, der, key); err != nil {
			return err
		}
	}
	saKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return err
	}
	pub, err := x509.MarshalPKIXPublicKey(&saKey.PublicKey)
	if err != nil {
		return err
	}
	if err := writePem(filepath.Join(dir, "sa.pub"), "PUBLIC KEY", pub); err != nil {
		return err
	}
	return writeKey(filepath.Join(dir, "sa.key"), saKey)
}

func writePair(dir, name string, der []byte, key *rsa.PrivateKey) error {
	if err := writePem(filepath.Join(dir, name+".crt"), "CERTIFICATE", der); err != nil {
		return err
	}
	return writeKey(filepath.Join(dir, name+".key"), key)
}

func writeKey(path string, key *rsa.PrivateKey) error {
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return err
	}
	return writePem(path, "PRIVATE KEY", der)
}

func writePem(path, kind string, der []byte) error {
	return os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: kind, Bytes: der}), 0o600)
}
