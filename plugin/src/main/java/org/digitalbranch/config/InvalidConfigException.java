package org.digitalbranch.config;

import java.util.List;
import org.digitalbranch.descriptor.spi.SettingsRefused;

/**
 * The plugin's settings are unusable; each problem starts with the key path it concerns. A {@link
 * SettingsRefused}, so that the host reports them as the settings file's problems.
 */
public final class InvalidConfigException extends SettingsRefused {

  public InvalidConfigException(List<String> problems) {
    super(problems);
  }
}
