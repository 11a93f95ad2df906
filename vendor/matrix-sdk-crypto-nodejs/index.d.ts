export declare class EncryptionUnavailable extends Error {}
export declare class Attachment {}
export declare class DeviceId {}
export declare class DeviceLists {}
export declare class EncryptedAttachment {}
export declare class EncryptionSettings {}
export declare class OlmMachine {}
export declare class RoomId {}
export declare class UserId {}
export declare const StoreType: { readonly Sled: 0; readonly Sqlite: 1 };
export declare const isStub: true;
