"use strict";
// ctg-bot: matrix-bot-sdk requires this package at load time but uses it only for end-to-end
// encryption, which the bot does not do. Every class refuses to be built, with a clear message.
const MESSAGE =
  "End-to-end encryption is not available in ctg-bot: @matrix-org/matrix-sdk-crypto-nodejs is replaced by a stub (see docs/matrix.md).";

class EncryptionUnavailable extends Error {
  constructor() {
    super(MESSAGE);
    this.name = "EncryptionUnavailable";
  }
}

function refusing(name) {
  const Refusing = class {
    constructor() {
      throw new EncryptionUnavailable();
    }
  };
  Object.defineProperty(Refusing, "name", { value: name });
  return Refusing;
}

for (const name of [
  "Attachment",
  "DeviceId",
  "DeviceLists",
  "EncryptedAttachment",
  "EncryptionSettings",
  "OlmMachine",
  "RoomId",
  "UserId",
]) {
  exports[name] = refusing(name);
}
exports.StoreType = Object.freeze({ Sled: 0, Sqlite: 1 });
exports.EncryptionUnavailable = EncryptionUnavailable;
exports.isStub = true;
