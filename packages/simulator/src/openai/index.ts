export { createFakeModel, type FakeModel, type FakeModelOptions } from './fake-model.js';
export {
  contentText,
  echoResponder,
  type FakeChatMessage,
  type FakeContentPart,
  type FakeModelRequest,
  type FakeModelResponder,
  type FakeModelStep,
} from './script.js';
