{{/* Names and labels of the pool-service chart. */}}
{{- define "pool-service.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "pool-service.selectorLabels" -}}
app.kubernetes.io/name: pool-service
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "pool-service.labels" -}}
{{ include "pool-service.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/part-of: featherman
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "pool-service.tag" -}}
{{- .Values.image.tag | default .Values.global.image.tag | default .Chart.AppVersion -}}
{{- end -}}

{{- define "pool-service.image" -}}
{{- printf "%s/%s:%s" .Values.global.image.registry .Values.image.repository (include "pool-service.tag" .) -}}
{{- end -}}

{{- define "pool-service.workerImage" -}}
{{- printf "%s/%s:%s" .Values.global.image.registry .Values.worker.repository (.Values.worker.tag | default .Values.global.image.tag | default .Chart.AppVersion) -}}
{{- end -}}

{{/* Settings the chart derives; values.config adds to and overrides them. */}}
{{- define "pool-service.baseConfig" -}}
featherman:
  pool:
    namespaces: {{ toJson .Values.global.watchNamespaces }}
    leader-election: {{ .Values.leaderElection }}
    lease-name: {{ include "pool-service.fullname" . }}
    lease-namespace: {{ .Release.Namespace }}
    worker-image: {{ include "pool-service.workerImage" . }}
    worker-image-pull-policy: {{ .Values.worker.pullPolicy }}
    allowed-worker-images: {{ .Values.global.allowedWorkerImages | default (list (printf "%s/" .Values.global.image.registry)) | toJson }}
    worker-service-account: {{ .Values.worker.serviceAccount }}
    worker-token-file: /etc/featherman/worker-token/token
    network-policy: {{ .Values.networkPolicy.enabled }}
    callers-namespace: {{ .Release.Namespace }}
{{- end -}}
