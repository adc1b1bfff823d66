package dev.greenwire;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The core tests' name resolver (installed through META-INF/services): names under
 * {@code .greenwire.test} misbehave on purpose; every other name goes to the JDK's resolver.
 * <ul>
 *   <li>{@code slow*.greenwire.test}: answers 127.0.0.1 after 5 seconds (a slow DNS server; the
 *       JDK caches answers, so each test takes a name of its own);</li>
 *   <li>{@code multi.greenwire.test}: 127.0.0.2 (where nothing listens) then 127.0.0.1.</li>
 * </ul>
 */
public final class TestResolver extends InetAddressResolverProvider {
    static final String MULTI = "multi.greenwire.test";

    @Override
    public InetAddressResolver get(Configuration configuration) {
        InetAddressResolver builtin = configuration.builtinResolver();
        return new InetAddressResolver() {
            @Override
            public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
                if (host.startsWith("slow") && host.endsWith(".greenwire.test")) {
                    try {
                        TimeUnit.SECONDS.sleep(5);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return Stream.of(InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1}));
                }
                if (MULTI.equals(host)) {
                    return Stream.of(InetAddress.getByAddress(host, new byte[] {127, 0, 0, 2}),
                            InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1}));
                }
                return builtin.lookupByName(host, policy);
            }

            @Override
            public String lookupByAddress(byte[] addr) throws UnknownHostException {
                return builtin.lookupByAddress(addr);
            }
        };
    }

    @Override
    public String name() {
        return "greenwire-test-resolver";
    }
}
