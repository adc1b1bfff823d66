package dev.greenwire.internal.transport;

import dev.greenwire.OperationalException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CRL;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Reads the files libpq reads: PEM certificates and CRLs, and private keys in PKCS#8
 * ({@code PRIVATE KEY}), encrypted PKCS#8 ({@code ENCRYPTED PRIVATE KEY}, with
 * {@code sslpassword}), PKCS#1 RSA ({@code RSA PRIVATE KEY}) and SEC1 EC ({@code EC PRIVATE KEY})
 * form, or DER. OpenSSL's legacy encrypted PEM ({@code Proc-Type: 4,ENCRYPTED}) is refused
 * with a hint to convert the key.
 */
public final class Pem {
    private Pem() {
    }

    /** One PEM block: its label and decoded bytes, and whether it had encryption headers. */
    record Block(String label, byte[] der, boolean legacyEncrypted) {
    }

    static List<Block> blocks(String text) {
        List<Block> out = new ArrayList<>();
        int i = 0;
        while (true) {
            int begin = text.indexOf("-----BEGIN ", i);
            if (begin < 0) {
                return out;
            }
            int labelEnd = text.indexOf("-----", begin + 11);
            if (labelEnd < 0) {
                return out;
            }
            String label = text.substring(begin + 11, labelEnd);
            String endMarker = "-----END " + label + "-----";
            int end = text.indexOf(endMarker, labelEnd);
            if (end < 0) {
                throw new IllegalArgumentException("PEM block " + label + " has no END line");
            }
            String body = text.substring(labelEnd + 5, end);
            boolean legacy = body.contains("Proc-Type:") && body.contains("ENCRYPTED");
            StringBuilder b64 = new StringBuilder();
            for (String line : body.split("\\R")) {
                if (!line.contains(":")) {
                    b64.append(line.strip());
                }
            }
            out.add(new Block(label, Base64.getMimeDecoder().decode(b64.toString()), legacy));
            i = end + endMarker.length();
        }
    }

    private static byte[] read(Path file, String what) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new OperationalException("could not open " + what + " \"" + file + "\": " + e.getMessage(), e);
        }
    }

    /**
     * Certificates from a PEM (or DER) file.
     *
     * @param file the file
     * @param what how to name it in errors ("root certificate file")
     * @return the certificates, in file order
     */
    public static List<X509Certificate> certificates(Path file, String what) {
        byte[] bytes = read(file, what);
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            List<X509Certificate> out = new ArrayList<>();
            for (var c : cf.generateCertificates(new ByteArrayInputStream(bytes))) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new OperationalException("could not load " + what + " \"" + file + "\": no certificate in it");
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new OperationalException("could not load " + what + " \"" + file + "\": " + e.getMessage(), e);
        }
    }

    /**
     * CRLs from a PEM or DER file.
     *
     * @param file the file
     * @return the CRLs
     */
    public static List<CRL> crls(Path file) {
        byte[] bytes = read(file, "SSL certificate revocation list file");
        try {
            return new ArrayList<>(CertificateFactory.getInstance("X.509").generateCRLs(new ByteArrayInputStream(bytes)));
        } catch (GeneralSecurityException e) {
            throw new OperationalException("could not load SSL certificate revocation list file \"" + file + "\": "
                    + e.getMessage(), e);
        }
    }

    /**
     * A private key.
     *
     * @param file the key file
     * @param password the {@code sslpassword}, or null
     * @return the key
     */
    public static PrivateKey privateKey(Path file, String password) {
        byte[] bytes = read(file, "private key file");
        String text = new String(bytes, StandardCharsets.US_ASCII);
        try {
            if (!text.contains("-----BEGIN ")) {
                return pkcs8(bytes);
            }
            for (Block b : blocks(text)) {
                if (b.legacyEncrypted()) {
                    throw new OperationalException("could not load private key file \"" + file + "\": OpenSSL's legacy"
                            + " encrypted PEM format is not supported; convert it with"
                            + " openssl pkcs8 -topk8 -v2 aes-256-cbc -in key -out key.pk8");
                }
                switch (b.label()) {
                    case "PRIVATE KEY" -> {
                        return pkcs8(b.der());
                    }
                    case "ENCRYPTED PRIVATE KEY" -> {
                        if (password == null) {
                            throw new OperationalException("could not load private key file \"" + file
                                    + "\": the key is encrypted and no sslpassword was given");
                        }
                        return encrypted(b.der(), password);
                    }
                    case "RSA PRIVATE KEY" -> {
                        return pkcs8(wrapPkcs8(RSA_ALGORITHM, b.der()));
                    }
                    case "EC PRIVATE KEY" -> {
                        return pkcs8(wrapPkcs8(ecAlgorithm(b.der()), b.der()));
                    }
                    default -> {
                        // EC PARAMETERS and the like precede the key: skip them
                    }
                }
            }
            throw new OperationalException("could not load private key file \"" + file + "\": no private key in it");
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new OperationalException("could not load private key file \"" + file + "\": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        }
    }

    private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        GeneralSecurityException last = null;
        for (String alg : new String[] {"RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS", "DSA"}) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw new GeneralSecurityException("unsupported private key algorithm", last);
    }

    private static PrivateKey encrypted(byte[] der, String password) throws GeneralSecurityException {
        try {
            EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der);
            AlgorithmParameters params = info.getAlgParameters();
            // PBES2's parameters name the real cipher, e.g. PBEWithHmacSHA256AndAES_256
            String alg = params != null && info.getAlgName().equals("PBES2") ? params.toString() : info.getAlgName();
            SecretKeyFactory f = SecretKeyFactory.getInstance(alg);
            Cipher cipher = Cipher.getInstance(alg);
            cipher.init(Cipher.DECRYPT_MODE, f.generateSecret(new PBEKeySpec(password.toCharArray())), params);
            return pkcs8(info.getKeySpec(cipher).getEncoded());
        } catch (IOException e) {
            throw new GeneralSecurityException("malformed encrypted key: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new GeneralSecurityException("could not decrypt the key: wrong sslpassword? (" + e.getMessage() + ")", e);
        }
    }

    // ---- minimal DER, to wrap PKCS#1 and SEC1 keys in PKCS#8 --------------------------------

    /** AlgorithmIdentifier rsaEncryption (1.2.840.113549.1.1.1) with NULL parameters. */
    private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86,
        (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
    /** The OID id-ecPublicKey (1.2.840.10045.2.1), encoded. */
    private static final byte[] EC_PUBLIC_KEY = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};

    private static byte[] wrapPkcs8(byte[] algorithm, byte[] key) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0x02, 0x01, 0x00}); // version 0
        body.writeBytes(algorithm);
        body.writeBytes(tlv(0x04, key));
        return tlv(0x30, body.toByteArray());
    }

    /** The curve OID of a SEC1 ECPrivateKey ([0] parameters), as an AlgorithmIdentifier. */
    private static byte[] ecAlgorithm(byte[] sec1) {
        int[] pos = {0};
        expect(sec1, pos, 0x30);
        length(sec1, pos);
        while (pos[0] < sec1.length) {
            int tag = sec1[pos[0]++] & 0xff;
            int len = length(sec1, pos);
            if (tag == 0xa0) {
                byte[] oid = java.util.Arrays.copyOfRange(sec1, pos[0], pos[0] + len);
                ByteArrayOutputStream alg = new ByteArrayOutputStream();
                alg.writeBytes(EC_PUBLIC_KEY);
                alg.writeBytes(oid);
                return tlv(0x30, alg.toByteArray());
            }
            pos[0] += len;
        }
        throw new IllegalArgumentException("the EC key names no curve");
    }

    private static void expect(byte[] b, int[] pos, int tag) {
        if (pos[0] >= b.length || (b[pos[0]++] & 0xff) != tag) {
            throw new IllegalArgumentException("malformed key (DER)");
        }
    }

    private static int length(byte[] b, int[] pos) {
        if (pos[0] >= b.length) {
            throw new IllegalArgumentException("malformed key (DER)");
        }
        int first = b[pos[0]++] & 0xff;
        if (first < 0x80) {
            return first;
        }
        int n = first & 0x7f;
        if (n > 3 || pos[0] + n > b.length) {
            throw new IllegalArgumentException("malformed key (DER)");
        }
        int len = 0;
        for (int i = 0; i < n; i++) {
            len = (len << 8) | (b[pos[0]++] & 0xff);
        }
        return len;
    }

    private static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 6);
        out.write(tag);
        int n = value.length;
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else if (n < 0x10000) {
            out.write(0x82);
            out.write(n >> 8);
            out.write(n);
        } else {
            out.write(0x83);
            out.write(n >> 16);
            out.write(n >> 8);
            out.write(n);
        }
        out.writeBytes(value);
        return out.toByteArray();
    }
}
