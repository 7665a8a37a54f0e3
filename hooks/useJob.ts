"use client";

import { useCallback, useEffect, useReducer } from "react";
import type { JobKind, JobParamsOf, JobProgressPayload, JobResultPayload, RegisterAck } from "@/contracts/jobs";
import { apiErrorMessage } from "@/lib/client/apiError";
import { idleJob, reduceJob, type JobView } from "@/lib/client/jobView";
import { onEveryConnect } from "@/lib/client/onEveryConnect";
import { useSocket } from "@/lib/client/socketContext";
import { useStartJobMutation } from "@/redux/features/jobs/jobsApi";

/**
 * A job of SPEC F13 from the page's side, as seed 001 does it: register the id on the socket (ack),
 * then start it over REST; progress and the result are pushed. The job id is kept in localStorage
 * under `storageKey`, and registered again after every (re)connect and on the next visit, so a
 * reconnect or a reload never loses the result.
 */
export function useJob<K extends JobKind>(kind: K, params: JobParamsOf[K], storageKey: string) {
  const socket = useSocket();
  const [view, dispatch] = useReducer(reduceJob, idleJob);
  const [startJob] = useStartJobMutation();
  const jobId = view.jobId;

  // A job started on an earlier visit (or in another tab).
  useEffect(() => {
    const saved = window.localStorage.getItem(storageKey);
    if (saved) dispatch({ type: "restored", jobId: saved });
  }, [storageKey]);

  useEffect(() => {
    if (!socket || !jobId) return undefined;
    const onProgress = (payload: JobProgressPayload) => {
      dispatch({ type: "progress", payload });
    };
    const onResult = (payload: JobResultPayload) => {
      dispatch({ type: "result", payload });
    };
    const register = () => {
      socket.emit("register", jobId, (ack) => {
        if (ack.ok) {
          if (ack.data.state === "registered" && !ack.data.kind) dispatch({ type: "unstarted" });
          else dispatch({ type: "state", state: ack.data });
        } else if (ack.error.code !== "RATE_LIMITED") {
          window.localStorage.removeItem(storageKey);
          dispatch({ type: "reset" });
        }
      });
    };
    socket.on("jobProgress", onProgress);
    socket.on("jobResult", onResult);
    const stopRegistering = onEveryConnect(socket, register);
    return () => {
      socket.off("jobProgress", onProgress);
      socket.off("jobResult", onResult);
      stopRegistering();
    };
  }, [socket, jobId, storageKey]);

  const paramsKey = JSON.stringify(params);
  const start = useCallback(async () => {
    if (!socket) return;
    const id = `${kind}_${crypto.randomUUID()}`;
    window.localStorage.setItem(storageKey, id);
    dispatch({ type: "started", jobId: id });
    try {
      const ack = (await socket.timeout(10_000).emitWithAck("register", id)) as RegisterAck;
      if (!ack.ok) throw new Error(ack.error.message);
      await startJob({ jobId: id, kind, params: JSON.parse(paramsKey) as Record<string, unknown> }).unwrap();
    } catch (e) {
      window.localStorage.removeItem(storageKey);
      dispatch({ type: "refused", message: apiErrorMessage(e, "couldn't start the job; try again") });
    }
  }, [socket, kind, paramsKey, storageKey, startJob]);

  const reset = useCallback(() => {
    window.localStorage.removeItem(storageKey);
    dispatch({ type: "reset" });
  }, [storageKey]);

  return { ...view, start, reset } satisfies JobView & { start(): Promise<void>; reset(): void };
}
