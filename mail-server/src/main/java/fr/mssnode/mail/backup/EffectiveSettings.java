package fr.mssnode.mail.backup;

import java.util.Map;
import java.util.TreeMap;

import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;

/** The node's {@code node.*} settings as the node resolves them (files, environment, command line). */
final class EffectiveSettings {
    private EffectiveSettings() {
    }

    static Map<String, String> of(Environment environment) {
        Map<String, String> settings = new TreeMap<>();
        if (environment instanceof ConfigurableEnvironment configurable) {
            configurable.getPropertySources().forEach(source -> {
                if (source instanceof EnumerablePropertySource<?> names) {
                    for (String name : names.getPropertyNames()) {
                        if (name.startsWith("node.") && !settings.containsKey(name)) {
                            String value = environment.getProperty(name);
                            if (value != null) {
                                settings.put(name, value);
                            }
                        }
                    }
                }
            });
        }
        return settings;
    }
}
