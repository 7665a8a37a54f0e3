export * from "./User";
export * from "./Course";
export * from "./Purchase";
export * from "./Notification";
export * from "./RefreshToken";
export * from "./Conversation";
export * from "./Message";
