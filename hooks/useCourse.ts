"use client";

import { useEffect, useState } from "react";
import type { CourseResponse } from "@/contracts/rest";
import { selectIsAuthKnown, selectUser } from "@/redux/features/auth/authSlice";
import { coursesApi, useGetCourseQuery } from "@/redux/features/courses/coursesApi";
import { useAppSelector, useAppStore } from "@/redux/hooks";

/**
 * A course page's course. `initial` is what the server rendered the page with (the anonymous view,
 * app/courses/[id]/page.tsx): it goes into the RTK Query cache before the first render, so the
 * first paint (and the hydration) shows the course, not a skeleton. An entry the cache already holds
 * (a client-side navigation) is never overwritten by it. Once the session is known, a signed-in user's
 * view (owned, signed video URLs) is fetched; `personal` says it has arrived.
 */
export function useCourse(id: string, initial: CourseResponse | null) {
  const store = useAppStore();
  useState(() => {
    const held = coursesApi.endpoints.getCourse.select(id)(store.getState()).data;
    if (initial && !held) {
      store.dispatch(coursesApi.util.upsertQueryEntries([{ endpointName: "getCourse", arg: id, value: initial }]));
    }
  });
  const authKnown = useAppSelector(selectIsAuthKnown);
  const userId = useAppSelector(selectUser)?.id ?? null;
  const query = useGetCourseQuery(id);
  const { refetch } = query;
  const [fetchedFor, setFetchedFor] = useState<string | null>(null);

  useEffect(() => {
    if (!authKnown || !userId || fetchedFor === userId) return;
    void refetch().then(() => { setFetchedFor(userId); });
  }, [authKnown, userId, fetchedFor, refetch]);

  return { ...query, personal: authKnown && (userId === null || fetchedFor === userId) };
}
