{{/* Chart name, overridable. */}}
{{- define "mt.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Release-qualified name: <release>-<chart> unless the release name already holds the chart's. */}}
{{- define "mt.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* One app's resource name: <fullname>-<app>. Call with (dict "root" $ "app" "gateway"). */}}
{{- define "mt.appName" -}}
{{- printf "%s-%s" (include "mt.fullname" .root) .app | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "mt.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels on every object. */}}
{{- define "mt.labels" -}}
helm.sh/chart: {{ include "mt.chart" . }}
app.kubernetes.io/name: {{ include "mt.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: marketing-team
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Selector labels of one app (immutable: never add to these). Call with (dict "root" $ "app" "gateway"). */}}
{{- define "mt.selectorLabels" -}}
app.kubernetes.io/name: {{ include "mt.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .app }}
{{- end -}}

{{/* Every label of one app's objects. */}}
{{- define "mt.appLabels" -}}
{{ include "mt.labels" .root }}
app.kubernetes.io/component: {{ .app }}
{{- end -}}

{{- define "mt.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "mt.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* The image, its tag defaulting to the chart's appVersion. */}}
{{- define "mt.image" -}}
{{- $tag := default .Chart.AppVersion .Values.image.tag -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository $tag -}}
{{- end -}}
{{- end -}}

{{/* The Secret holding DATABASE_URL, AMQP_URL, REDIS_URL, JWT_SECRET, CREDENTIALS_KEY, … */}}
{{- define "mt.secretName" -}}
{{- default (printf "%s-secrets" (include "mt.fullname" .)) .Values.secrets.existingSecret -}}
{{- end -}}

{{/* SHUTDOWN_TIMEOUT_MS and the pod's grace period: preStop pause + shutdown deadline + margin. */}}
{{- define "mt.terminationGracePeriodSeconds" -}}
{{- add .Values.shutdown.preStopSeconds .Values.shutdown.timeoutSeconds .Values.shutdown.marginSeconds -}}
{{- end -}}

{{/* The secret keys as environment variables (required ones must exist; optional ones may not). */}}
{{- define "mt.secretEnv" -}}
{{- $secret := include "mt.secretName" . -}}
{{- range .Values.secrets.requiredKeys }}
- name: {{ . }}
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ . }}
{{- end }}
{{- range .Values.secrets.optionalKeys }}
- name: {{ . }}
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ . }}
      optional: true
{{- end }}
{{- end -}}

{{/* Pod security context (restricted Pod Security Standard). */}}
{{- define "mt.podSecurityContext" -}}
{{- toYaml .Values.podSecurityContext -}}
{{- end -}}

{{- define "mt.containerSecurityContext" -}}
{{- toYaml .Values.containerSecurityContext -}}
{{- end -}}
