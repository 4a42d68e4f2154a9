import type { NextFunction, Request, RequestHandler, Response } from "express";
import { AppError } from "../core/errors.js";
import type { PrismaClient } from "../generated/prisma/client.js";
import type { TenantContext } from "../services/actor.js";
import { authenticate } from "../services/tokens.js";

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** Verifies the bearer token before anything else runs; 401 with a JSON error otherwise. */
export function requireToken(prisma: PrismaClient, reply: (res: Response, error: AppError) => void): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const raw = BEARER.exec(req.headers.authorization ?? "")?.[1];
    if (!raw) {
      reply(res, new AppError("UNAUTHENTICATED", "Send an API token as `Authorization: Bearer <token>`"));
      return;
    }
    authenticate(prisma, raw).then((ctx) => {
      if (!ctx) {
        reply(res, new AppError("UNAUTHENTICATED", "The bearer token is not valid: unknown, revoked or malformed"));
        return;
      }
      res.locals.tenantContext = ctx;
      next();
    }, next);
  };
}

export function tenantContextOf(res: Response): TenantContext {
  return res.locals.tenantContext as TenantContext;
}
