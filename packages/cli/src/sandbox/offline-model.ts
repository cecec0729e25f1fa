import { createFakeModel, type FakeModel } from '@wxbot/simulator';

/** The sandbox's stand-in for an AI model, started only if the config has the LLM plugin. */
export interface OfflineModel {
  /** Starts the model on first call; the endpoint the LLM plugin should use. */
  endpoint(): Promise<{ baseURL: string }>;
  /** Its URL once started. */
  readonly url: string | undefined;
  close(): Promise<void>;
}

/**
 * An offline, scripted OpenAI-compatible model on 127.0.0.1 for `--sandbox`: the LLM plugin's
 * real HTTP requests go to it, so the demo works with no network and no API key. It echoes the
 * question and says how many earlier messages it was sent (memory is visible).
 *
 * @example
 * const offline = offlineModel();
 * await prepareRun(ctx, { llmEndpoint: offline.endpoint });
 * // … finally: await offline.close();
 */
export function offlineModel(): OfflineModel {
  let started: Promise<FakeModel> | undefined;
  let model: FakeModel | undefined;
  return {
    endpoint: async () => {
      started ??= createFakeModel().then((m) => {
        model = m;
        return m;
      });
      return { baseURL: (await started).url };
    },
    get url() {
      return model?.url;
    },
    close: async () => {
      await (await started?.catch(() => undefined))?.close();
    },
  };
}
