import { createServices, type Services } from '../app/services.js';
import { loadConfig, type ConfigOverrides } from '../config/config.js';

/** Opens the archive for one command and always closes it. */
export async function withServices<T>(overrides: ConfigOverrides, fn: (s: Services) => Promise<T>): Promise<T> {
  const services = await createServices(loadConfig(overrides));
  try {
    return await fn(services);
  } finally {
    await services.close();
  }
}
