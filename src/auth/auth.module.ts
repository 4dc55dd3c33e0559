import { Module } from '@nestjs/common';
import { createSecretKey } from 'node:crypto';
import type { ConfigType } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { authConfig } from '../config/app.config';
import { UsersModule } from '../users/users.module';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';

/** Only for development: the app warns at start-up when it is in use (and refuses it in production). */
export const DEV_JWT_SECRET = 'dev-only-jwt-secret-never-use-in-production-0000';

@Module({
  imports: [
    UsersModule,
    JwtModule.registerAsync({
      inject: [authConfig.KEY],
      useFactory: (config: ConfigType<typeof authConfig>) => {
        // A KeyObject, made once: given a string, jsonwebtoken first tries to parse it as a PEM
        // public key on every sign and verify (~0.8 ms a request; 24 µs this way, bench/jwt-cost.ts).
        const key = createSecretKey(Buffer.from(config.jwtSecret ?? DEV_JWT_SECRET));
        return {
          secretOrKeyProvider: () => key,
          signOptions: { algorithm: 'HS256' as const, expiresIn: config.jwtExpiresInSeconds },
          verifyOptions: { algorithms: ['HS256' as const] },
        };
      },
    }),
  ],
  controllers: [AuthController],
  providers: [AuthService, { provide: APP_GUARD, useClass: AuthGuard }],
})
export class AuthModule {}
