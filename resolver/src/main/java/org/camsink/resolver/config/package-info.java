/**
 * The YAML configuration: {@link org.camsink.resolver.config.Config} holds one small record per feature,
 * {@link org.camsink.resolver.config.ConfigLoader} fills defaults and rejects unknown keys and bad values
 * with the key and line, and {@link org.camsink.resolver.config.YamlMap} is the strict reader underneath.
 */
package org.camsink.resolver.config;
