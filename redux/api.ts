import { createApi } from "@reduxjs/toolkit/query/react";
import { baseQueryWithReauth } from "./baseQuery";

/** The one RTK Query API; features add endpoints with `api.injectEndpoints`. */
export const api = createApi({
  reducerPath: "api",
  baseQuery: baseQueryWithReauth,
  tagTypes: ["Course", "MyCourses", "Notifications", "Purchases", "Me", "Conversations", "Messages", "Reviews", "Comments", "Progress"],
  endpoints: () => ({}),
});
