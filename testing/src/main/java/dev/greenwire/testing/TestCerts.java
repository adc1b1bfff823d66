package dev.greenwire.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway certificate authority and the files TLS tests need, made with {@code openssl} at
 * test start: a server certificate for {@code localhost} and 127.0.0.1, client certificates
 * for {@link TestServer#CERT_USER} (RSA, with the key as PKCS#8, encrypted PKCS#8 and PKCS#1,
 * and an EC one in SEC1 form), a second CA that signed nothing here, and two CRLs of the CA:
 * one revoking the server certificate and one revoking nothing.
 *
 * @param dir the directory holding every file
 * @param caCert the CA certificate (the server's {@code ssl_ca_file}, the client's {@code sslrootcert})
 * @param serverCert the server certificate
 * @param serverKey the server key
 * @param clientCert the client certificate (CN {@link TestServer#CERT_USER})
 * @param clientKey its key, unencrypted PKCS#8 ({@code BEGIN PRIVATE KEY})
 * @param clientKeyEncrypted the same key as encrypted PKCS#8, password {@link #KEY_PASSWORD}
 * @param clientKeyPkcs1 the same key as PKCS#1 ({@code BEGIN RSA PRIVATE KEY})
 * @param clientCertEc an EC client certificate (CN {@link TestServer#CERT_USER})
 * @param clientKeyEc its key in SEC1 form ({@code BEGIN EC PRIVATE KEY})
 * @param otherCa a CA certificate that signed none of these
 * @param crlRevokingServer a CRL of the CA that revokes the server certificate
 * @param crlEmpty a CRL of the CA that revokes nothing
 */
public record TestCerts(Path dir, Path caCert, Path serverCert, Path serverKey, Path clientCert, Path clientKey,
                        Path clientKeyEncrypted, Path clientKeyPkcs1, Path clientCertEc, Path clientKeyEc, Path otherCa,
                        Path crlRevokingServer, Path crlEmpty) {
    /** The password of {@link #clientKeyEncrypted()}. */
    public static final String KEY_PASSWORD = "key-secret";

    /**
     * Makes the files in {@code dir}.
     *
     * @param dir an empty directory
     * @param clientCn the client certificates' common name
     * @return the files
     * @throws IllegalStateException when openssl is missing or fails
     */
    static TestCerts make(Path dir, String clientCn) {
        try {
            Files.createDirectories(dir);
            String cnf = String.join("\n",
                    "[ ca ]", "default_ca = gw", "[ gw ]", "dir = " + dir, "database = " + dir.resolve("index.txt"),
                    "new_certs_dir = " + dir, "serial = " + dir.resolve("serial"),
                    "crlnumber = " + dir.resolve("crlnumber"), "unique_subject = no", "default_md = sha256", "default_crl_days = 30",
                    "default_days = 30", "policy = any", "[ any ]", "commonName = supplied",
                    "[ req ]", "distinguished_name = dn", "[ dn ]", "[ v3_ca ]", "basicConstraints = critical,CA:true", "keyUsage = critical,keyCertSign,cRLSign",
                    "subjectKeyIdentifier = hash",
                    "[ server ]", "basicConstraints = CA:false", "subjectAltName = DNS:localhost,IP:127.0.0.1",
                    "[ client ]", "basicConstraints = CA:false", "");
            Files.writeString(dir.resolve("ca.cnf"), cnf);
            Files.writeString(dir.resolve("index.txt"), "");
            Files.writeString(dir.resolve("index.txt.attr"), "unique_subject = no\n");
            Files.writeString(dir.resolve("crlnumber"), "01\n");
            ca(dir, "ca", "greenwire test CA");
            ca(dir, "other-ca", "greenwire other CA");
            leaf(dir, "server", "localhost", "server", "rsa:2048");
            leaf(dir, "client", clientCn, "client", "rsa:2048");
            openssl(dir, "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "client-ec.key");
            openssl(dir, "req", "-new", "-key", "client-ec.key", "-subj", "/CN=" + clientCn, "-out", "client-ec.csr");
            sign(dir, "client-ec", "client", "02");
            openssl(dir, "pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", "client.key", "-passout", "pass:" + KEY_PASSWORD,
                    "-out", "client-enc.key");
            openssl(dir, "rsa", "-in", "client.key", "-traditional", "-out", "client-pkcs1.key");
            openssl(dir, "ca", "-config", "ca.cnf", "-gencrl", "-keyfile", "ca.key", "-cert", "ca.crt", "-out", "empty.crl");
            openssl(dir, "ca", "-config", "ca.cnf", "-revoke", "server.crt", "-keyfile", "ca.key", "-cert", "ca.crt");
            openssl(dir, "ca", "-config", "ca.cnf", "-gencrl", "-keyfile", "ca.key", "-cert", "ca.crt", "-out",
                    "revoked-server.crl");
            for (String k : List.of("server.key", "client.key", "client-enc.key", "client-pkcs1.key", "client-ec.key")) {
                Files.setPosixFilePermissions(dir.resolve(k), java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            }
            return new TestCerts(dir, dir.resolve("ca.crt"), dir.resolve("server.crt"), dir.resolve("server.key"),
                    dir.resolve("client.crt"), dir.resolve("client.key"), dir.resolve("client-enc.key"),
                    dir.resolve("client-pkcs1.key"), dir.resolve("client-ec.crt"), dir.resolve("client-ec.key"),
                    dir.resolve("other-ca.crt"), dir.resolve("revoked-server.crl"), dir.resolve("empty.crl"));
        } catch (IOException e) {
            throw new IllegalStateException("greenwire-testing: cannot make the TLS files in " + dir + ": " + e, e);
        }
    }

    private static void ca(Path dir, String name, String cn) {
        openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".crt",
                "-days", "30", "-subj", "/CN=" + cn, "-config", "ca.cnf", "-extensions", "v3_ca");
    }

    private static int serial = 16;

    private static void leaf(Path dir, String name, String cn, String ext, String key) {
        openssl(dir, "req", "-new", "-newkey", key, "-nodes", "-keyout", name + ".key", "-subj", "/CN=" + cn,
                "-out", name + ".csr");
        sign(dir, name, ext, Integer.toHexString(serial++));
    }

    private static void sign(Path dir, String name, String ext, String serialHex) {
        try {
            Files.writeString(dir.resolve("serial"), (serialHex.length() % 2 == 1 ? "0" : "") + serialHex + "\n");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        openssl(dir, "ca", "-batch", "-config", "ca.cnf", "-keyfile", "ca.key", "-cert", "ca.crt", "-extensions", ext,
                "-in", name + ".csr", "-out", name + ".crt", "-notext");
    }

    private static void openssl(Path dir, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("openssl");
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("greenwire-testing: " + String.join(" ", cmd) + " failed:\n"
                        + new String(out, java.nio.charset.StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new IllegalStateException("greenwire-testing: cannot run openssl (is it installed?): " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
