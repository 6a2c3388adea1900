{{/* Names and labels of the backup-service chart. */}}
{{- define "backup-service.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "backup-service.selectorLabels" -}}
app.kubernetes.io/name: backup-service
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "backup-service.labels" -}}
{{ include "backup-service.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/part-of: featherman
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "backup-service.tag" -}}
{{- .Values.image.tag | default .Values.global.image.tag | default .Chart.AppVersion -}}
{{- end -}}

{{- define "backup-service.image" -}}
{{- printf "%s/%s:%s" .Values.global.image.registry .Values.image.repository (include "backup-service.tag" .) -}}
{{- end -}}

{{- define "backup-service.workerImage" -}}
{{- printf "%s/%s:%s" .Values.global.image.registry .Values.worker.repository (.Values.worker.tag | default .Values.global.image.tag | default .Chart.AppVersion) -}}
{{- end -}}

{{/* Settings the chart derives; values.config adds to and overrides them. */}}
{{- define "backup-service.baseConfig" -}}
featherman:
  backup:
    namespaces: {{ toJson .Values.global.watchNamespaces }}
    leader-election: {{ .Values.leaderElection }}
    lease-name: {{ include "backup-service.fullname" . }}
    lease-namespace: {{ .Release.Namespace }}
    worker-image: {{ include "backup-service.workerImage" . }}
    worker-image-pull-policy: {{ .Values.worker.pullPolicy }}
    worker-service-account: {{ .Values.worker.serviceAccount }}
{{- end -}}
