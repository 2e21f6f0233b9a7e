package io.saasagent.dns;

import com.oracle.svm.core.annotate.Alias;
import com.oracle.svm.core.annotate.Substitute;
import com.oracle.svm.core.annotate.TargetClass;
import org.jboss.logging.Logger;
import org.xbill.DNS.Name;
import org.xbill.DNS.config.FallbackPropertyResolverConfigProvider;
import org.xbill.DNS.config.InitializationException;
import org.xbill.DNS.config.JndiContextResolverConfigProvider;
import org.xbill.DNS.config.PropertyResolverConfigProvider;
import org.xbill.DNS.config.ResolvConfResolverConfigProvider;
import org.xbill.DNS.config.ResolverConfigProvider;
import org.xbill.DNS.config.SunJvmResolverConfigProvider;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Native image only (the JVM never loads this): dnsjava's ResolverConfig constructor instantiates a
 * resolver-configuration provider for every platform, and two of them refer to classes that are absent here: the
 * Windows one to JNA, the Android one to the Android SDK (its very method signatures do, so it cannot be substituted
 * itself). Quarkus builds with {@code --link-at-build-time}, which refuses reachable code referring to a missing
 * class. The constructor is replaced by dnsjava 3.6's own, without those two providers: on Linux neither is ever
 * enabled, so the result is the JVM's (resolv.conf, then properties, JNDI, the JDK's view, fallback). The agent
 * itself never asks the system resolver (the RFC 2136 server is configured), so this is only about linking.
 * Re-check on a dnsjava upgrade: the build fails loudly if a field or the constructor changes shape.
 */
@TargetClass(className = "org.xbill.DNS.ResolverConfig")
final class Target_org_xbill_DNS_ResolverConfig {
    @Alias
    private List<InetSocketAddress> servers;
    @Alias
    private List<Name> searchlist;
    @Alias
    private int ndots;
    @Alias
    private static List<ResolverConfigProvider> configProviders;

    @Substitute
    public Target_org_xbill_DNS_ResolverConfig() {
        servers = new ArrayList<>(2);
        searchlist = new ArrayList<>(0);
        ndots = 1;
        synchronized (Target_org_xbill_DNS_ResolverConfig.class) {
            if (configProviders == null) {
                configProviders = new ArrayList<>(8);
                if (!Boolean.getBoolean("dnsjava.configprovider.skipinit")) {
                    configProviders.add(new PropertyResolverConfigProvider());
                    configProviders.add(new ResolvConfResolverConfigProvider());
                    configProviders.add(new JndiContextResolverConfigProvider());
                    configProviders.add(new SunJvmResolverConfigProvider());
                    configProviders.add(new FallbackPropertyResolverConfigProvider());
                }
            }
        }
        for (ResolverConfigProvider provider : configProviders) {
            if (!provider.isEnabled()) {
                continue;
            }
            try {
                provider.initialize();
                if (servers.isEmpty()) {
                    servers.addAll(provider.servers());
                }
                if (searchlist.isEmpty()) {
                    List<Name> paths = provider.searchPaths();
                    if (!paths.isEmpty()) {
                        searchlist.addAll(paths);
                        ndots = provider.ndots();
                    }
                }
                if (!servers.isEmpty() && !searchlist.isEmpty()) {
                    return;
                }
            } catch (InitializationException e) {
                Logger.getLogger("org.xbill.DNS.ResolverConfig").warn("Failed to initialize provider", e);
            }
        }
        if (servers.isEmpty()) {
            servers.add(new InetSocketAddress(InetAddress.getLoopbackAddress(), 53));
        }
    }
}
